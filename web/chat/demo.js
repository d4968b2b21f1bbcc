// The sample page's only job: load the widget's loader with the key from
// this page's address, exactly as an administration's page would with a
// literal <script data-key="…"> tag.
import {initI18n} from '../common/i18n.js';

await initI18n(['chat']);
const key = new URL(location.href).searchParams.get('key');
if (key) {
  const s = document.createElement('script');
  s.src = '/static/chat/widget.js';
  s.dataset.key = key;
  s.async = true;
  document.body.append(s);
} else {
  document.getElementById('demo-nokey').hidden = false;
}
