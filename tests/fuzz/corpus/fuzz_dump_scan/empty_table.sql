-- Dumping data for table `temp_grants`
--

UNLOCK TABLES;
-- Dump completed on 2026-11-29 15:45:03
