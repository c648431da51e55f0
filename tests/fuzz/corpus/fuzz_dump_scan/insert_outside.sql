-- Dumping data for table `a`
INSERT INTO `a` VALUES (1);
INSERT INTO `b` VALUES (1);
