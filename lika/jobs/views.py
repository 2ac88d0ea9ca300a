"""The user's background jobs: a list, one job's state, and its result file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import JobState
from .queries import jobs_of, worker_last_seen, worker_running


@login_required
def job_list(request):
    return render(
        request,
        "jobs/job_list.html",
        {
            "jobs": jobs_of(request.user)[:50],
            "worker_running": worker_running(),
            "worker_last_seen": worker_last_seen(),
            "title": _("Background jobs"),
            "breadcrumbs": [(_("Background jobs"), None)],
        },
    )


@login_required
def job_detail(request, pk):
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "worker_running": worker_running(),
            "worker_last_seen": worker_last_seen(),
            "title": job.label or job.name,
            "breadcrumbs": [(_("Background jobs"), reverse("jobs:list")), (job.label or job.name, None)],
        },
    )


@login_required
def job_download(request, pk):
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    if job.state != JobState.DONE or not job.result_file:
        raise Http404("no result")
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404("the result file is gone") from None
    return FileResponse(handle, as_attachment=True, filename=job.result_name)
