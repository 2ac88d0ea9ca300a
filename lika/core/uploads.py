"""The one check for an uploaded attachment (examples, the method library): its size, and its
type read from the content, not the name."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from lika.lib.filetypes import sniff


def checked_attachment(upload):
    """The upload with its content type in `lika_content_type`, or a ValidationError naming the problem."""
    if not upload:
        return None
    limit = settings.LIKA_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("%(name)s is %(size)s MB; attachments may be at most %(limit)s MB.")
            % {"name": upload.name, "size": round(upload.size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    content_type = sniff(upload)
    if content_type is None:
        raise forms.ValidationError(
            _("%(name)s is not a PDF, Word (DOCX), PNG or JPEG file, whatever its name says.") % {"name": upload.name}
        )
    upload.lika_content_type = content_type
    return upload
