package com.clinicbilling.deployment;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules Maven does not enforce by itself (docs/architecture.md): the whole-system
 * process and the benchmarks sit on top of the applications, so no module may depend on them.
 * (A dependency the other way, such as the schemas on an application, Maven refuses as a cycle.)
 */
class ModuleDependenciesTest {

	private static final String OUR_GROUP = "com.clinicbilling";

	@Test
	void nothingDependsOnTheLocalStackOrTheBenchmarks() {
		Map<String, List<String>> dependencies = ourDependencies();

		assertThat(dependencies).containsKeys("local-stack", "benchmarks", "invoice-worker");
		assertThat(dependencies).allSatisfy((module, uses) -> assertThat(uses).as(module)
			.doesNotContain("local-stack", "benchmarks"));
	}

	/** Each module of the root POM with the artifacts of our own group it declares as dependencies. */
	private static Map<String, List<String>> ourDependencies() {
		Map<String, List<String>> dependencies = new LinkedHashMap<>();
		for (Element module : children(pom("pom.xml").getDocumentElement(), "module")) {
			String name = module.getTextContent().strip();
			List<String> uses = new ArrayList<>();
			for (Element dependency : children(pom(name + "/pom.xml").getDocumentElement(), "dependency")) {
				if (OUR_GROUP.equals(text(dependency, "groupId"))) {
					uses.add(text(dependency, "artifactId"));
				}
			}
			dependencies.put(name, uses);
		}
		return dependencies;
	}

	private static Document pom(String relativePath) {
		try (InputStream in = Files.newInputStream(RepositoryFiles.resolve(relativePath))) {
			return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Not a POM: " + relativePath, ex);
		}
	}

	private static List<Element> children(Element root, String tag) {
		NodeList nodes = root.getElementsByTagName(tag);
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			elements.add((Element) nodes.item(i));
		}
		return elements;
	}

	private static String text(Element parent, String tag) {
		List<Element> found = children(parent, tag);
		return found.isEmpty() ? null : found.get(0).getTextContent().strip();
	}

}
