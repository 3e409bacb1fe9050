from django.contrib.auth.backends import ModelBackend


class ProviderBackend(ModelBackend):
    """The backend of a session begun with an organisation's OpenID Connect provider.

    It never checks credentials itself (the callback verifies the provider's ID token
    and logs the user in with this backend); it restores the user of such a session
    and answers for their permissions like the model backend.
    """

    def authenticate(self, request, **credentials):
        return None
