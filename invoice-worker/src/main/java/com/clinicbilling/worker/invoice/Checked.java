package com.clinicbilling.worker.invoice;

/** What checking and pricing a command makes of it: a draft to decide on, or a rejection. */
sealed interface Checked permits InvoiceDraft, Rejection {
}
