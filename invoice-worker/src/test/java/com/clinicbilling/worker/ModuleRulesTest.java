package com.clinicbilling.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module rules (docs/architecture.md) that concern the worker. */
@AnalyzeClasses(packages = "com.clinicbilling", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

	@ArchTest
	static final ArchRule workerNeverDependsOnTheGateway = noClasses().that()
		.resideInAPackage("com.clinicbilling.worker..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.clinicbilling.gateway..", "com.clinicbilling.localstack..");

}
