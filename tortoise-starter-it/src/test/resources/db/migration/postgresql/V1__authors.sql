CREATE TABLE "it_author" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(100) NOT NULL UNIQUE);
INSERT INTO "it_author" ("name") VALUES ('Seeded by the postgresql migration');
