import { render } from 'preact';
import '../../assets/card.css';
import './pages.css';
import './popup.css';
import { App } from './App';
import { followPopupTheme } from './theme';
import { painted } from './useGlossary';

void followPopupTheme(document, painted);
render(<App />, document.getElementById('app')!);
