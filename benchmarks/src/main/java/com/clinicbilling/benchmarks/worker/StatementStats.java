package com.clinicbilling.benchmarks.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL spent its execution time on during a cell, from {@code pg_stat_statements}
 * (loaded at server start): the database's side of "why is the worker not faster", without
 * touching the worker. Only the worker's connections run statements during a drain, apart from
 * the meter's, which are left out.
 */
final class StatementStats {

	private StatementStats() {
	}

	/**
	 * @param query normalised text, whitespace collapsed and shortened
	 * @param totalMillis execution time summed over calls (planning excluded)
	 */
	record Row(String query, long calls, double totalMillis, double meanMillis, long rows) {
	}

	static void enable(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("create extension if not exists pg_stat_statements");
		}
	}

	static void reset(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("select pg_stat_statements_reset()");
		}
	}

	static List<Row> top(Connection connection, int limit) throws SQLException {
		List<Row> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				select query, sum(calls), sum(total_exec_time), sum(total_exec_time) / sum(calls), sum(rows)
				from pg_stat_statements
				where query not like '%pg_stat%' and query not like '%count(*) from invoices where clinic_id%'
				  and query not like '%min(created_at)%' and query not like '%from invoice_requests where clinic_id = $1 group by%'
				  and query not like 'insert into clinics%' and query not like 'insert into patients%'
				  and query not like 'insert into products%'
				group by query
				order by 3 desc limit ?""")) {
			statement.setInt(1, limit);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows.add(new Row(shorten(rs.getString(1)), rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
							rs.getLong(5)));
				}
			}
		}
		return rows;
	}

	/** Sums two lists of rows by statement, most expensive first. */
	static List<Row> merge(List<Row> a, List<Row> b) {
		java.util.Map<String, Row> byQuery = new java.util.LinkedHashMap<>();
		for (Row row : a) {
			byQuery.put(row.query(), row);
		}
		for (Row row : b) {
			byQuery.merge(row.query(), row, (x, y) -> {
				long calls = x.calls() + y.calls();
				double total = x.totalMillis() + y.totalMillis();
				return new Row(x.query(), calls, total, (calls == 0) ? 0 : total / calls, x.rows() + y.rows());
			});
		}
		return byQuery.values()
			.stream()
			.sorted(java.util.Comparator.comparingDouble(Row::totalMillis).reversed())
			.toList();
	}

	private static String shorten(String query) {
		String flat = query.replaceAll("\\s+", " ").strip();
		return (flat.length() > 90) ? flat.substring(0, 87) + "..." : flat;
	}

}
