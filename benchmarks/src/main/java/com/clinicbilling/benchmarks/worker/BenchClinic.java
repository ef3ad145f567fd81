package com.clinicbilling.benchmarks.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clinic of the benchmark's own, with many patients and one product. Each measured drain gets a
 * new one, so its invoices are counted alone and no earlier drain's invoices sit in its duplicate
 * windows. Ids start far above the demo data (clinics 1 and 2).
 */
public record BenchClinic(long id, long firstPatientId, int patients, long productId, String productName,
		long productAmount) {

	private static final AtomicLong next = new AtomicLong(10_000);

	static final long PRODUCT_AMOUNT = 29_900;

	public static BenchClinic create(Connection connection, int patients) throws SQLException {
		long id = next.getAndIncrement();
		BenchClinic clinic = new BenchClinic(id, id * 100_000, patients, id, "Semaglutide, 1 month", PRODUCT_AMOUNT);
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(true);
		try (PreparedStatement clinics = connection.prepareStatement("insert into clinics (id, name) values (?, ?)");
				PreparedStatement patientRows = connection.prepareStatement(
						"insert into patients (id, clinic_id, name) select ? + g, ?, 'Patient ' || g from generate_series(0, ? - 1) g");
				PreparedStatement products = connection.prepareStatement(
						"insert into products (id, clinic_id, name, unit_amount, currency) values (?, ?, ?, ?, 'usd')")) {
			clinics.setLong(1, id);
			clinics.setString(2, "Benchmark clinic " + id);
			clinics.executeUpdate();
			patientRows.setLong(1, clinic.firstPatientId());
			patientRows.setLong(2, id);
			patientRows.setInt(3, patients);
			patientRows.executeUpdate();
			products.setLong(1, clinic.productId());
			products.setLong(2, id);
			products.setString(3, clinic.productName());
			products.setLong(4, PRODUCT_AMOUNT);
			products.executeUpdate();
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
		return clinic;
	}

	long patientOf(int n) {
		return this.firstPatientId + (n % this.patients);
	}

}
