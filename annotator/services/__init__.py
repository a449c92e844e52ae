"""Use cases: each public function is one user action and runs in one transaction."""
