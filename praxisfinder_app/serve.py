"""Start the app with Streamlit's frontend in German: `python -m praxisfinder_app.serve`.

Takes the arguments of `streamlit run` after the script, which defaults to app.py:

    python -m praxisfinder_app.serve --server.port 8501
    python -m praxisfinder_app.serve other_script.py --server.headless true

Before Streamlit's server starts, this builds (once per Streamlit version) the localized
copy of Streamlit's static folder and points the server at it; see
`praxisfinder_app.german_frontend`. The build fails, and the app does not start, when a
Streamlit upgrade changed a text that the translation table expects.
"""

from __future__ import annotations

import sys
from pathlib import Path

from praxisfinder_app import german_frontend

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    script = args.pop(0) if args and not args[0].startswith("-") else str(APP)
    try:
        german_frontend.use(german_frontend.localized_static_dir())
    except german_frontend.FrontendLocalizationError as error:
        sys.exit(f"Streamlit's frontend could not be translated to German: {error}")

    from streamlit.web import cli

    cli.main.main(args=["run", script, *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
