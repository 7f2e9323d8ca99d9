-- MariaDB quotes names in backticks; the table as the ORM would make it (InnoDB, utf8mb4, binary collation).
CREATE TABLE `it_author` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                          `name` VARCHAR(100) NOT NULL UNIQUE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO `it_author` (`name`) VALUES ('Seeded by the mariadb migration');
