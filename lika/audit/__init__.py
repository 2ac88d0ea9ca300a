"""The audit log: who changed what, when and from where (decision 5 and 9).

Entries are written by `lika.audit.record` (the ORM signals and the sign-in
signals call it; so may the actions) and never changed or deleted through Lika.
"""
