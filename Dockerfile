# The teaching app in one container: `docker build -t ae-pca .` then `docker run -p 8501:8501 ae-pca`.
# Equivalent to `make run`: the pinned runtime requirements, then `streamlit run app.py` on port 8501.
FROM python:3.11-slim

# BLAS threads pinned to 1: every learner's training is a separate request thread, so a multi-threaded BLAS
# would oversubscribe the cores; one process then scales across learners, and across cores by replicas.
# MALLOC_ARENA_MAX=2: each Streamlit script run is a new thread and glibc gives threads their own malloc arenas
# (up to 8 per core the container sees, i.e. per node core), so RSS would climb with sessions before levelling
# off; with 2 arenas it stays flat (bench/soak.py).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    MALLOC_ARENA_MAX=2 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    AE_DATA_DIR=/var/lib/ae-data

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

# The code stays owned by root and read-only for the app's user; the app writes only class mode's SQLite file,
# in AE_DATA_DIR (mount a volume there to keep classes across restarts; DATABASE_URL=postgresql://... instead
# for several replicas sharing one class).
COPY . .
# plotly.js for the live charts, served from static/ (ui/live_plot.py).
RUN python -m ui.live_plot

RUN useradd --create-home --uid 10001 --user-group app \
    && mkdir -p /var/lib/ae-data && chown app:app /var/lib/ae-data
USER 10001
VOLUME /var/lib/ae-data

EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4); sys.exit(0 if r.read().strip() == b'ok' else 1)"]

CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port", "8501", "--server.address", "0.0.0.0"]
