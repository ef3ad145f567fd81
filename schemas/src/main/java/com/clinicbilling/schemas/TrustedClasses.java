package com.clinicbilling.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/** The generated classes Avro may instantiate, registered once by whatever encodes or decodes first. */
final class TrustedClasses {

	static {
		// Avro 1.12.2 refuses to instantiate classes it was not told about; without this every
		// decode fails with a SecurityException that surfaces only as a consumer time-out.
		ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
				ClassSecurityValidator.builder()
					.add(CreateInvoice.class)
					.add(LineItem.class)
					.add(ExternalPayment.class)
					.add(LocalInvoice.class)
					.add(CommandSource.class)
					.add(PaymentMethod.class)
					.add(RequestStatus.class)
					.add(RequestState.class)
					.add(InvoiceSummary.class)
					.add(InvoiceStatus.class)
					.build()));
	}

	private TrustedClasses() {
	}

	/** Runs the registration above, once per JVM. */
	static void register() {
	}

}
