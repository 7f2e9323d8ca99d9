CREATE TABLE `ac_note` (`id` INT PRIMARY KEY, `title` VARCHAR(100) NOT NULL);
INSERT INTO `ac_note` (`id`, `title`) VALUES (1, 'from the mariadb folder');
