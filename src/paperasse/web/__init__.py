"""``paperasse serve``: the web front door (a form for one person, an upload for agencies).

Needs the ``web`` extra: ``pip install 'paperasse[web]'`` (Starlette, uvicorn,
python-multipart, pebble). See :mod:`paperasse.web.app` for the routes.
"""
