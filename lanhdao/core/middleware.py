from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise (the language cookie set by the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an office PC set up in English would
    then show English to people who expect the Party's working language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or the query string answers 400 before any view runs.

    No text of the product contains one, PostgreSQL refuses it in any text value (a search or a filter would fail
    with a server error), and SQLite would silently cut the text at it. Form and API fields remove it already
    (`core.text.normalise`); the query string reaches the queries unparsed, so it is refused here, once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET.lists()
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values) for key, values in query):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.template import loader
        from django.utils.translation import gettext as _

        message = _("The address contains a character that is not allowed (NUL).")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(loader.get_template("400.html").render({"message": message}, request))
