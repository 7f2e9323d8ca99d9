-- MariaDB quotes identifiers with backticks (double quotes are string literals there).
CREATE TABLE `ac_note` (`id` INT PRIMARY KEY, `title` VARCHAR(100) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `ac_note` (`id`, `title`) VALUES (1, 'from flyway');
