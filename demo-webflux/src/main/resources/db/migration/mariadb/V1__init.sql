-- V1__init (mariadb), made by tortoise makemigrations from the models' state in state/V1__init.json
-- create table event
CREATE TABLE `event` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(255) NOT NULL, `tournament_id` INT NOT NULL, `modified` DATETIME(6) NOT NULL, `prize` DECIMAL(10,2)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- create table event_team
CREATE TABLE `event_team` (`event_id` INT NOT NULL, `team_id` INT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX `uidx_event_team_event_i_5cea5b` ON `event_team` (`event_id`,`team_id`);
-- create table team
CREATE TABLE `team` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(255) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- create table tournament
CREATE TABLE `tournament` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(255) NOT NULL, `description` LONGTEXT, `created` DATETIME(6) NOT NULL, CONSTRAINT `name` UNIQUE (`name`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- add foreign key event.tournament_id -> tournament.id on delete CASCADE
ALTER TABLE `event` ADD CONSTRAINT `fk_event_tourname_b7e24df8` FOREIGN KEY (`tournament_id`) REFERENCES `tournament` (`id`) ON DELETE CASCADE;
-- add foreign key event_team.event_id -> event.id on delete CASCADE
ALTER TABLE `event_team` ADD CONSTRAINT `fk_event_te_event_ac72269c` FOREIGN KEY (`event_id`) REFERENCES `event` (`id`) ON DELETE CASCADE;
-- add foreign key event_team.team_id -> team.id on delete CASCADE
ALTER TABLE `event_team` ADD CONSTRAINT `fk_event_te_team_1608edb6` FOREIGN KEY (`team_id`) REFERENCES `team` (`id`) ON DELETE CASCADE;
