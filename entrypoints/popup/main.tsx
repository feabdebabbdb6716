import { render } from 'preact';
import '../../assets/card.css';
import './pages.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
