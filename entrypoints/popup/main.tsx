import { render } from 'preact';
import '../../assets/card.css';
import './pages.css';
import './popup.css';
import { App } from './App';
import { followPopupTheme } from './theme';

followPopupTheme(document);
render(<App />, document.getElementById('app')!);
