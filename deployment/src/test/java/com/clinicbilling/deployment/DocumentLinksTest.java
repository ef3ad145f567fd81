package com.clinicbilling.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository stands on its own: a clone holds everything its documents and code point at.
 * Every relative Markdown link leads to a file (and heading) inside the repository, and no file
 * cites a path above the repository root.
 */
class DocumentLinksTest {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	/** A relative path climbing out of the repository, as a clone's reader would have to follow it. */
	private static final Pattern PATH_ABOVE_ROOT = Pattern.compile("(?<![\\w.])\\.\\./shared/|\\b(DESIGN|CONTRACT|STACK|STYLE)\\.md\\b");

	@Test
	void markdownLinksLeadToFilesAndHeadingsInTheRepository() {
		Path root = RepositoryFiles.root();
		List<Path> documents = files("md");
		assertThat(documents).extracting((p) -> root.relativize(p).toString())
			.contains("README.md", "docs/architecture.md", "docs/api.md", "docs/runbook.md", "k8s/README.md");
		for (Path document : documents) {
			Matcher link = LINK.matcher(RepositoryFiles.read(document));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				String[] pathAndAnchor = target.split("#", 2);
				Path linked = pathAndAnchor[0].isEmpty() ? document
						: document.getParent().resolve(pathAndAnchor[0]).normalize();
				String what = root.relativize(document) + " links " + target;
				assertThat(linked).as(what).startsWith(root).exists();
				if (pathAndAnchor.length == 2 && linked.toString().endsWith(".md")) {
					assertThat(headings(RepositoryFiles.read(linked))).as(what).contains(pathAndAnchor[1]);
				}
			}
		}
	}

	@Test
	void noFileCitesDocumentsOutsideTheRepository() {
		Path root = RepositoryFiles.root();
		for (String extension : List.of("md", "java", "yml", "yaml", "properties", "sh", "xml")) {
			for (Path file : files(extension)) {
				if (file.endsWith("DocumentLinksTest.java")) {
					continue;
				}
				assertThat(PATH_ABOVE_ROOT.matcher(RepositoryFiles.read(file)).find())
					.as("%s cites a document outside the repository", root.relativize(file))
					.isFalse();
			}
		}
	}

	/** Heading anchors as GitHub makes them: lower case, punctuation dropped, blanks to hyphens. */
	static Set<String> headings(String markdown) {
		Set<String> anchors = new HashSet<>();
		for (String line : markdown.split("\n")) {
			if (line.startsWith("#")) {
				String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
				anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
			}
		}
		return anchors;
	}

	/** The repository's own files of one kind: no build output, no dependencies, no Git internals. */
	private static List<Path> files(String extension) {
		Path root = RepositoryFiles.root();
		try (Stream<Path> tree = Files.walk(root)) {
			return tree.filter((p) -> p.toString().endsWith("." + extension))
				.filter((p) -> Files.isRegularFile(p))
				.filter((p) -> {
					String relative = root.relativize(p).toString();
					return !relative.startsWith(".") && !relative.contains("/target/") && !relative.startsWith("target/")
							&& !relative.contains("node_modules/") && !relative.contains("/.");
				})
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
