"""Purchase orders (발주): drafts from proposals or by hand, approval, receipts, the PO sheet."""
