import { render } from 'preact';
import '../../assets/card.css';
import './options.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
