import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lika.settings")
application = get_wsgi_application()

# The example form, the example bank and the business-plan reading look words up in word lists
# that take about 2 s to load: load them here, once, so that no visitor waits for it (with
# gunicorn's preload the workers share what the main process loaded).
from lika.textanalysis.lemmas import warm_up  # noqa: E402

warm_up()
