-- Dumping data for table `a`
INSERT INTO `a` VALUES (1);