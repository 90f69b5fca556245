// The report's table: rows come from the JSON data block, are rendered with textContent only
// (never as HTML), and sort on a click on a column header. Large runs show the first rows until
// "Show all" is pressed, so a 100,000-item page stays responsive.
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var columns = data.columns; // [{key, label, numeric}]
  var rows = data.rows; // arrays, in the order of columns
  var table = document.getElementById('items');
  var tbody = table.querySelector('tbody');
  var filter = document.getElementById('filter');
  var shownNote = document.getElementById('shown');
  var showAll = document.getElementById('show-all');
  var limit = data.initialRows;
  var sortKey = -1;
  var sortDir = 1;
  var okIndex = columns.findIndex(function (c) { return c.key === 'ok'; });

  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey];
    if (x === y) return 0;
    if (x === null || x === undefined || x === '') return 1; // empty cells last, either direction
    if (y === null || y === undefined || y === '') return -1;
    if (columns[sortKey].numeric) return (x - y) * sortDir;
    return String(x).localeCompare(String(y), undefined, { numeric: true }) * sortDir;
  }

  function render() {
    var q = filter.value.trim().toLowerCase();
    var list = q ? rows.filter(function (r) { return r.join(' ').toLowerCase().indexOf(q) !== -1; }) : rows.slice();
    if (sortKey >= 0) list.sort(compare);
    var visible = list.slice(0, limit);
    var frag = document.createDocumentFragment();
    visible.forEach(function (r) {
      var tr = document.createElement('tr');
      if (okIndex >= 0 && r[okIndex] === 'failed') tr.className = 'failed';
      r.forEach(function (v, i) {
        var td = document.createElement('td');
        td.textContent = v === null ? '' : String(v);
        if (columns[i].numeric) td.className = 'num';
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
    shownNote.textContent = 'Showing ' + visible.length + ' of ' + list.length + ' items';
    showAll.hidden = visible.length >= list.length;
  }

  table.querySelectorAll('th').forEach(function (th, i) {
    th.addEventListener('click', function () {
      sortDir = sortKey === i ? -sortDir : 1;
      sortKey = i;
      table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir === 1 ? 'ascending' : 'descending');
      render();
    });
  });
  filter.addEventListener('input', render);
  showAll.addEventListener('click', function () { limit = Infinity; render(); });
  render();
})();
