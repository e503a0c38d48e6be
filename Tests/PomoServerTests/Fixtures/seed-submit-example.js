const token = localStorage.getItem('jwt_token');
const sessionId = generateUUID(); // Generate unique session ID

const response = await fetch('https://game.regardingwork.com/api/pomodoro/submit', {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    'Authorization': `Bearer ${token}`,
    'X-App-Identifier': 'RegardingWork-Mac-v1.0'
  },
  body: JSON.stringify({
    "start_time": "2025-08-23T14:30:00.000Z",
    "end_time": "2025-08-23T14:55:00.000Z",
    "duration": 25,
    "category": "Programming",
    "project": "Mac App Development",
    "note": "Implemented API sync",  // Use "note", not "notes"
    "source": "mac_app",
    "session_id": sessionId
  })
});

// Check for successful response
const result = await response.json();
if (result.success) {
  console.log(`Session saved! ID: ${result.session_id}`);
} else {
  console.error('Session submission failed');
}
