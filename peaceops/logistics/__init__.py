"""Contingent-owned equipment, reimbursement rates, the cost model, claims and receivables."""
