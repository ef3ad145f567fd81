package com.clinicbilling.worker.invoice;

/** A product of a clinic, as stored; amounts in minor units. */
record Product(long id, long clinicId, String name, long unitAmount, String currency) {
}
