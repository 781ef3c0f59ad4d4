"""What the media storage raises when it fails, whichever it is: local disk
(full, read-only) raises OSError; an object store that refuses a request or
cannot be reached raises boto3's and botocore's own errors."""


def _failures() -> tuple[type[Exception], ...]:
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # object storage is optional (the `s3` dependency group)
        return (OSError,)
    return (OSError, Boto3Error, BotoCoreError, ClientError)


FAILURES = _failures()
