from django import forms

from wiki.forms import MAX_ID
from wiki.text import normalise

# About two printed pages: room for an argued point, not for a page's text.
MAX_COMMENT = 10_000
BODY_HELP = (
    "Markdown: **bold**, *italic*, - lists, > quotes. Link to a page with "
    "[[Page title]]; name someone with @name or [[User:name]] to tell them. "
    f"At most {MAX_COMMENT:,} characters. Your name and the time are added."
)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_body(self):
        body = normalise(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("Write something first.")
        return body


class TopicForm(CommentForm):
    title = forms.CharField(label="Topic", max_length=200)
    field_order = ["title", "body"]

    def __init__(self, *args, **kwargs):
        # Its own ids: a page may hold it beside a reply form.
        super().__init__(*args, auto_id="topic-%s", **kwargs)

    def clean_title(self):
        title = " ".join(normalise(self.cleaned_data["title"]).split())
        if not title:
            raise forms.ValidationError("Give the topic a title.")
        return title


class ReplyForm(CommentForm):
    reply_to = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_ID
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reply-%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Your reply"


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="Shown to everyone in place of the comment, and in the log.",
    )


class UnhideForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", max_length=500, required=False)
