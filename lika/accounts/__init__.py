"""Identity and sessions (decision 0005): sign-in, single sign-on, two-factor,
password reset, the session list and the pages where people get their roles.

The library is django-allauth (decision 0008); this app holds Lika's adapters,
settings readers, templates and the rule that asks some roles for two-factor.
"""
