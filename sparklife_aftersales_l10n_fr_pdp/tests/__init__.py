from . import test_invoice_reads
