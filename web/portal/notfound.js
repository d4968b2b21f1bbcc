// The friendly not-found page: only the shared header, texts and language switch.
import {initPage} from './shell.js';

initPage();
