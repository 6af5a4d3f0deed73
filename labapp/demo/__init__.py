"""`labapp demo`: a demo database from the bundled demo data, taken through every stage.

Not part of the production services: it drives them as a lab would (import, calculate, sign,
certify, verify) with fixed demo accounts and passphrases.

build                the demo folder and the stages in order
calculation_stage    import the bundled runs and calculate them
workflow_stage       submit, review and approve each run
certification_stage  a laboratory PKI, certificates for every approved lot, and their check
"""

from labapp.demo.build import DEMO_USERS, run_demo

__all__ = ["DEMO_USERS", "run_demo"]
