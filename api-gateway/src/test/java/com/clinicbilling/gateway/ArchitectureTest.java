package com.clinicbilling.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module rules (docs/architecture.md): the gateway holds no database connection and knows no worker. */
@AnalyzeClasses(packages = "com.clinicbilling.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule gatewayNeverTouchesADatabaseOrTheWorker = noClasses().that()
		.resideInAPackage("com.clinicbilling.gateway..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..", "com.clinicbilling.worker..");

}
