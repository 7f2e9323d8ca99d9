-- undoes V1__init (mariadb); run by tortoise downgrade
-- drop foreign key event_team.team_id -> team.id on delete CASCADE
ALTER TABLE `event_team` DROP FOREIGN KEY `fk_event_te_team_1608edb6`, DROP INDEX IF EXISTS `fk_event_te_team_1608edb6`;
-- drop foreign key event_team.event_id -> event.id on delete CASCADE
ALTER TABLE `event_team` DROP FOREIGN KEY `fk_event_te_event_ac72269c`, DROP INDEX IF EXISTS `fk_event_te_event_ac72269c`;
-- drop foreign key event.tournament_id -> tournament.id on delete CASCADE
ALTER TABLE `event` DROP FOREIGN KEY `fk_event_tourname_b7e24df8`, DROP INDEX IF EXISTS `fk_event_tourname_b7e24df8`;
-- drop table tournament
DROP TABLE `tournament`;
-- drop table team
DROP TABLE `team`;
-- drop table event_team
DROP TABLE `event_team`;
-- drop table event
DROP TABLE `event`;
