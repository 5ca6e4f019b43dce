"""The app serves its own static files (whitenoise), with no CDN and no collectstatic step."""

import pytest


@pytest.mark.parametrize(
    "path", ["/static/vendor/htmx.min.js", "/static/vendor/echarts.min.js", "/static/css/app.css"]
)
def test_static_files_are_served_by_the_app(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])
