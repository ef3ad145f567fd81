package com.clinicbilling.benchmarks;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The benchmarks measure the system as its clients see it (docs/architecture.md): they start an
 * application by its entry point and talk to it over HTTP and Kafka. Driving the worker's processor
 * without Kafka is the one exception, kept in one class.
 */
@AnalyzeClasses(packages = "com.clinicbilling.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

	@ArchTest
	static final ArchRule reachNoApplicationInternalsButInDirectProcessing = noClasses().that()
		.doNotHaveFullyQualifiedName("com.clinicbilling.benchmarks.worker.DirectProcessing")
		.should()
		.dependOnClassesThat(resideInAnyPackage("com.clinicbilling.worker..", "com.clinicbilling.gateway..",
				"com.clinicbilling.stripe..", "com.clinicbilling.localstack..")
			.and(not(simpleNameEndingWith("Application"))));

}
