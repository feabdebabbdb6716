import { render } from 'preact';
import { followTheme } from '../../utils/page-theme';
import '../../assets/card.css';
import '../popup/pages.css';
import { App } from './App';

followTheme();
render(<App />, document.getElementById('app')!);
