import { render } from 'preact';
import { followTheme } from '../../utils/page-theme';
import '../../assets/card.css';
import '../popup/pages.css';
import './review.css';
import { App, prefetch } from './App';

prefetch();
followTheme();
render(<App />, document.getElementById('app')!);
