// Draws the two charts of the console's Charts page with Chart.js (served from its WebJar). The data comes from the
// page (days, series, decisionLabels, decisionMetres), rendered by the server.
(function () {
  const palette = ['#1b5e20', '#0d47a1', '#b71c1c', '#e65100', '#4a148c', '#006064', '#827717', '#3e2723', '#263238'];
  const history = document.getElementById('history-chart');
  if (history && days.length > 0) {
    new Chart(history, {
      type: 'line',
      data: {
        labels: days,
        datasets: series.map((s, i) => ({
          label: s.name, data: s.values, borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length], tension: 0.1, fill: false
        }))
      },
      options: { animation: false, maintainAspectRatio: false, locale: document.documentElement.lang || 'vi', scales: { y: { beginAtZero: true } } }
    });
  }
  const decisions = document.getElementById('decision-chart');
  if (decisions) {
    new Chart(decisions, {
      type: 'bar',
      data: { labels: decisionLabels,
              datasets: [{ label: metresLabel, data: decisionMetres.map(Number), backgroundColor: palette.slice(0, 4) }] },
      options: { animation: false, maintainAspectRatio: false, locale: document.documentElement.lang || 'vi', plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true } } }
    });
  }
})();
