package com.clinicbilling.benchmarks;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The benchmarks measure the system as its clients see it (docs/architecture.md): they start the
 * applications as processes and talk to them over HTTP and Kafka, sharing only the contracts
 * ({@code schemas}). The drain benchmark's in-process worker is the one exception, kept in one class.
 */
@AnalyzeClasses(packages = "com.clinicbilling.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

	@ArchTest
	static final ArchRule reachNoApplicationButInWorkerUnderTest = noClasses().that()
		.doNotHaveFullyQualifiedName("com.clinicbilling.benchmarks.worker.WorkerUnderTest")
		.should()
		.dependOnClassesThat(resideInAnyPackage("com.clinicbilling.worker..", "com.clinicbilling.gateway..",
				"com.clinicbilling.stripe..", "com.clinicbilling.localstack.."));

}
