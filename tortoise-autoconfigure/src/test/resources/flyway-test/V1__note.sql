-- Quoted lower-case names: the ORM quotes its identifiers, and H2 folds unquoted ones to upper case.
CREATE TABLE "ac_note" ("id" INT PRIMARY KEY, "title" VARCHAR(100) NOT NULL);
INSERT INTO "ac_note" ("id", "title") VALUES (1, 'from flyway');
