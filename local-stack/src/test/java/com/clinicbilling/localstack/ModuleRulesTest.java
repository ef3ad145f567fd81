package com.clinicbilling.localstack;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module rules of docs/architecture.md, held here because this module is the one that has every
 * application on its class path (the benchmarks' rule is in the benchmarks).
 */
@AnalyzeClasses(packages = "com.clinicbilling", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

	@ArchTest
	static final ArchRule gatewayNeverTouchesADatabaseOrTheWorker = noClasses().that()
		.resideInAPackage("com.clinicbilling.gateway..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..", "com.clinicbilling.worker..");

	@ArchTest
	static final ArchRule workerNeverDependsOnTheGateway = noClasses().that()
		.resideInAPackage("com.clinicbilling.worker..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.clinicbilling.gateway..", "com.clinicbilling.localstack..");

	/**
	 * The gateway and the worker both use stripe-invoices, so it may use only {@code schemas} of
	 * ours: the gateway must never reach the worker through it.
	 */
	@ArchTest
	static final ArchRule stripeInvoicesDependOnNothingOfOursButTheSchemas = noClasses().that()
		.resideInAPackage("com.clinicbilling.stripe..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.clinicbilling.worker..", "com.clinicbilling.gateway..", "com.clinicbilling.localstack..",
				"java.sql..", "org.springframework..");

}
