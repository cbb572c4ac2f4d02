"""Judge-free misalignment probe: log-likelihood margins on held-out contrast pairs."""
