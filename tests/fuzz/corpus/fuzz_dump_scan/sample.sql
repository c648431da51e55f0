/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: crm
-- ------------------------------------------------------
-- Server version	10.11.6-MariaDB-0+deb12u1-log

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET TIME_ZONE='+00:00' */;

--
-- Position to start replication or point-in-time recovery from
--

-- CHANGE MASTER TO MASTER_LOG_FILE='mariadb-bin.000003', MASTER_LOG_POS=5247852;

--
-- Table structure for table `contacts`
--

DROP TABLE IF EXISTS `contacts`;
CREATE TABLE `contacts` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `body` varbinary(512) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci `ENCRYPTED`=YES;

--
-- Dumping data for table `contacts`
--
-- ORDER BY:  `id`

LOCK TABLES `contacts` WRITE;
/*!40000 ALTER TABLE `contacts` DISABLE KEYS */;
set autocommit=0;
INSERT INTO `contacts` VALUES (1,1,0x0a1b2c3d4e5f,'2026-11-29 10:00:00',NULL);
INSERT INTO `contacts` VALUES (2,1,0x00ff00ff,'2026-11-29 10:05:00','2026-11-29 11:00:00');
/*!40000 ALTER TABLE `contacts` ENABLE KEYS */;
UNLOCK TABLES;
commit;
--
-- Table structure for table `roles`
--

DROP TABLE IF EXISTS `roles`;
CREATE TABLE `roles` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `body` varbinary(512) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci `ENCRYPTED`=YES;

--
-- Dumping data for table `roles`
--
-- ORDER BY:  `id`

LOCK TABLES `roles` WRITE;
/*!40000 ALTER TABLE `roles` DISABLE KEYS */;
set autocommit=0;
INSERT INTO `roles` VALUES (1,'admin','Administrator');
INSERT INTO `roles` VALUES (2,'sales','Sales \'team\'\nsecond line');
/*!40000 ALTER TABLE `roles` ENABLE KEYS */;
UNLOCK TABLES;
commit;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`crm_migrate`@`localhost`*/ /*!50003 TRIGGER roles_insert_rbac AFTER INSERT ON roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1 */;;
DELIMITER ;
--
-- Table structure for table `temp_grants`
--

DROP TABLE IF EXISTS `temp_grants`;
CREATE TABLE `temp_grants` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `body` varbinary(512) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci `ENCRYPTED`=YES;

--
-- Dumping data for table `temp_grants`
--
-- ORDER BY:  `id`

LOCK TABLES `temp_grants` WRITE;
/*!40000 ALTER TABLE `temp_grants` DISABLE KEYS */;
set autocommit=0;
/*!40000 ALTER TABLE `temp_grants` ENABLE KEYS */;
UNLOCK TABLES;
commit;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

-- Dump completed
