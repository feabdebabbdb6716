import { render } from 'preact';
import '../../assets/card.css';
import '../popup/pages.css';
import './review.css';
import { App, prefetch } from './App';

prefetch();
render(<App />, document.getElementById('app')!);
