import { render } from 'preact';
import '../../assets/card.css';
import '../popup/pages.css';
import './review.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
