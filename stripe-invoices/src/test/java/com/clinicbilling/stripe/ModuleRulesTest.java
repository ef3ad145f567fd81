package com.clinicbilling.stripe;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The gateway and the worker both use this module, so it may use only {@code schemas} of ours: the
 * gateway must never reach the worker (the module rules of docs/architecture.md) through it.
 */
@AnalyzeClasses(packages = "com.clinicbilling.stripe", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

	@ArchTest
	static final ArchRule dependsOnNothingOfOursButTheSchemas = noClasses().that()
		.resideInAPackage("com.clinicbilling.stripe..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.clinicbilling.worker..", "com.clinicbilling.gateway..", "com.clinicbilling.localstack..",
				"java.sql..", "org.springframework..");

}
